//! Scheduled-action requests (`PutScheduledAction`) of an import, with their timestamps as
//! ISO-8601 text.

use super::{load, Ctx, RequestSource};
use crate::aws::cli_json::{PutScheduledAction, Timestamp};
use crate::aws::spec::ScheduledActionSpec;
use crate::error::{InputError, Issue};

impl Ctx {
    pub(super) fn scheduled(&mut self, req: &RequestSource) -> Result<(), InputError> {
        let (mut src, a) = load::<PutScheduledAction>(req)?;
        src.issues = a.validate();
        self.check_target(
            &mut src.issues,
            &a.service_namespace,
            &a.resource_id,
            &a.scalable_dimension,
        );
        if let Some(tz) = a
            .timezone
            .as_deref()
            .filter(|tz| !matches!(*tz, "UTC" | "Etc/UTC"))
        {
            let msg = format!(
                "{tz:?} is not supported: scalesim evaluates schedules in UTC; write the \
                 schedule in UTC and leave Timezone out"
            );
            src.issues.push(Issue::new("Timezone", msg));
        }
        let cap = |c: Option<i32>| c.map(|c| c.max(0) as u32);
        if let (true, Some(schedule), Some(action)) =
            (src.issues.is_empty(), a.schedule, a.scalable_target_action)
        {
            self.spec.scheduled_actions.push(ScheduledActionSpec {
                scheduled_action_name: a.scheduled_action_name,
                schedule,
                start_time: a.start_time.map(timestamp_text),
                end_time: a.end_time.map(timestamp_text),
                min_capacity: cap(action.min_capacity),
                max_capacity: cap(action.max_capacity),
            });
        }
        self.srcs.push(src);
        Ok(())
    }
}

/// A `StartTime`/`EndTime` as ISO-8601 text (epoch seconds become `yyyy-mm-ddThh:mm:ssZ`).
fn timestamp_text(t: Timestamp) -> String {
    match t {
        Timestamp::Text(s) => s,
        Timestamp::Epoch(s) => chrono::DateTime::from_timestamp(s.floor() as i64, 0).map_or_else(
            || s.to_string(),
            |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        ),
    }
}
