//! Tests of reading AWS CLI outputs.
