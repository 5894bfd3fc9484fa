//! Reading JSON with the path of every value, for messages that point at the field.
