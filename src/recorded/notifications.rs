//! The success/error notifications an asynchronous endpoint sends to SNS, one per request
//! (`receivedTime` = arrival, `eventTime` = completion): an exact arrival trace.

use super::UtcMicros;

/// `invocationStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvocationStatus {
    /// `Completed`.
    Completed,
    /// `Failed`.
    Failed,
}

/// One notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// `receivedTime`: when the endpoint received the request.
    pub received: UtcMicros,
    /// `eventTime`: when it completed or failed.
    pub event: UtcMicros,
    /// `invocationStatus`.
    pub status: InvocationStatus,
    /// `requestParameters.endpointName`.
    pub endpoint_name: Option<String>,
    /// `inferenceId`.
    pub inference_id: Option<String>,
    /// `failureReason`.
    pub failure_reason: Option<String>,
}
