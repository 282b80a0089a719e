//! IVR flow drafts, versions and publishing.
