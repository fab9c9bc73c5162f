use super::fmt_hours;

#[test]
fn whole_hours_read_as_float_formatting_would_print_them() {
    for h in [0.0, 0.04, 0.96, 1.0, 2.97, 3.03, 40.0, 1234.0, 99_999.96] {
        assert_eq!(fmt_hours(h), format!("{h:.0}"), "{h}");
    }
    for (h, shown) in [(1.5, "1.5"), (2.25, "2.2"), (0.3, "0.3"), (12.94, "12.9")] {
        assert_eq!(fmt_hours(h), shown, "{h}");
    }
}
