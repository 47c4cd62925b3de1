"""Photos: decoding a file into upright sRGB pixels without metadata (`pixels`), planning and making the
renditions (`renditions`), and a folder of scans turned into draft stories (`folder_import`).

May import: errors, workers, incremental, content."""
