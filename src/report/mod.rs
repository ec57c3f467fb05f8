//! Exporters that return bytes.
