"""What runs on a volunteer's own computer for the browser: the live preview of `wijksite serve` (`server`), and
what the werkplaats and beheer apps share (`local_app`: who may come in, headers, serving; `uploads`: a form's
body read as it arrives, photos freed of private data).

May import: everything below it and `build`; never werkplaats or beheer."""
