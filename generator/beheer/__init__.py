"""`wijksite beheer`: the site managed in the browser by volunteers. The app (`app`), its pages (`pages`:
overview, review, bin), edit forms (`forms`, pure; `editing`; `entry_pages`), entries' states (`entries`),
previews (`previews`), history and undo (`history`), publishing (`publishing`) and the double-click start
(`launcher`).

May import: werkplaats, preview and everything below it."""
