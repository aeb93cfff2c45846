//! Generation: turns a valid setup into RBAC YAML, a SkyPilot config snippet and next steps.
