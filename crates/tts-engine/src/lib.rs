//! Kokoro inference.
