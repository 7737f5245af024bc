"""HTTP shell around the rag library: routers call the library and map its errors to HTTP."""
