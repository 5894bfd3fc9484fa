//! Unit tests of the fleet: Pending instances serve nothing, the scale-in order and draining,
//! killed instances requeue their requests and leave stale handles.

use super::*;
use crate::time::SimDuration;

fn req(id: u64) -> Request {
    Request {
        id,
        arrival: SimTime::ZERO,
        attempt_at: SimTime::ZERO,
        service: SimDuration::from_secs(1),
        cold_wait: false,
        attempts: 1,
    }
}

#[test]
fn pending_instances_serve_nothing_until_in_service() {
    let mut f = Fleet::new(2);
    let a = f.launch(SimTime(0));
    assert!(f.start(req(0), SimTime(1)).is_none());
    assert!(f.mark_in_service(a, SimTime(5)));
    assert_eq!(f.start(req(0), SimTime(6)), Some(a));
    assert_eq!(f.start(req(1), SimTime(6)), Some(a));
    assert!(f.start(req(2), SimTime(6)).is_none(), "concurrency 2");
    let c = f.counts();
    assert_eq!((c.in_service, c.busy, c.in_flight), (1, 1, 2));
}

#[test]
fn scale_in_takes_idle_then_pending_then_busy_and_drains() {
    let mut f = Fleet::new(1);
    let busy = f.launch(SimTime(0));
    let idle = f.launch(SimTime(0));
    f.mark_in_service(busy, SimTime(1));
    f.mark_in_service(idle, SimTime(1));
    // The most recently freed slot is `idle`'s, so request 0 lands there; move it.
    let got = f.start(req(0), SimTime(2)).unwrap();
    let (busy, idle) = if got == busy {
        (busy, idle)
    } else {
        (idle, busy)
    };
    let _pending = f.launch(SimTime(3));
    let r = f.remove(1, ScaleInMode::Drain, SimTime(4));
    assert_eq!(r.stopped.len(), 1, "idle first");
    assert!(f.start(req(1), SimTime(4)).is_none(), "idle one is gone");
    let r = f.remove(1, ScaleInMode::Drain, SimTime(4));
    assert_eq!((r.stopped.len(), r.draining), (1, 0), "pending next");
    let r = f.remove(1, ScaleInMode::Drain, SimTime(4));
    assert_eq!(r.draining, 1, "busy last, draining");
    assert_eq!(f.counts().draining, 1);
    let (done, stopped) = f.finish(busy, 0, SimTime(9)).unwrap();
    assert_eq!(done.request.id, 0);
    assert_eq!(stopped.unwrap().stopped_at, SimTime(9));
    assert_eq!(f.counts(), FleetCounts::default());
    let _ = idle;
}

#[test]
fn kill_requeue_returns_requests_and_makes_handles_stale() {
    let mut f = Fleet::new(2);
    let a = f.launch(SimTime(0));
    f.mark_in_service(a, SimTime(1));
    f.start(req(7), SimTime(2));
    f.start(req(8), SimTime(2));
    let r = f.remove(1, ScaleInMode::KillRequeue, SimTime(3));
    let mut ids: Vec<u64> = r.requeue.iter().map(|r| r.id).collect();
    ids.sort();
    assert_eq!(ids, vec![7, 8]);
    assert!(f.finish(a, 7, SimTime(4)).is_none(), "stale after kill");
    let b = f.launch(SimTime(5));
    assert_eq!(b.slot, a.slot, "slot reused");
    assert_ne!(b.gen, a.gen);
    assert!(
        !f.mark_in_service(a, SimTime(6)),
        "old handle cannot revive the slot"
    );
    assert_eq!(f.counts().in_flight, 0);
}
