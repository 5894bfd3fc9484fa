//! Integration tests, one binary (compile once on 2 cores). Modules are named by behaviour.

mod aws;
mod aws_ic;
mod aws_record;
mod aws_record_cli;
mod browser;
mod citations;
mod cli;
mod common;
mod compare;
mod determinism;
mod event_order;
mod explain_cli;
mod golden;
mod hand_computed;
mod interrupt;
mod keep_alive;
mod kubernetes;
mod platforms;
mod policy_combination;
mod queueing;
mod robustness;
mod sweep;
mod validation;
mod warmup;
