"""The Qt-free SQLite storage of the working catalog and the profiles."""
