"""The workstation's side of the floor: the outbox of presence and call events, the recorder
that fills it from the phone, the live link to the hub and the supervisor's client."""
