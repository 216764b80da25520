"""The Qt-free core: catalog model, graph, planning and drawing."""
