"""The phone engine process (the only pjsua2 importer) and PhoneClient, its desktop handle."""
