"""The floor hub: the ASGI server that receives call notes and publishes signed KB revisions."""
