//! Tests of the Kubernetes scale-in order ([`Fleet::pending_first`]).

use super::*;

#[test]
fn kubernetes_order_removes_pending_pods_before_idle_ready_ones() {
    let mut f = Fleet::new(1).pending_first();
    let ready = f.launch(SimTime(0));
    f.mark_in_service(ready, SimTime(1));
    let _pending = f.launch(SimTime(2));
    let r = f.remove(1, ScaleInMode::Drain, SimTime(3));
    assert_eq!(r.stopped[0].in_service_at, None, "the pending pod went");
    assert_eq!((f.counts().in_service, f.counts().pending), (1, 0));
}
