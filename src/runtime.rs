//! Event loop: terminal events → keymap → update → effects on the store → draw.
