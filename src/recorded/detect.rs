//! Which AWS CLI output a file holds, recognised by its top-level keys.
