//! Kubernetes autoscalers (HPA, KEDA, Knative): being written.
