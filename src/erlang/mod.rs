//! Pure Erlang mathematics.
