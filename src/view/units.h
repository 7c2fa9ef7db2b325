/*
 * units: how every view writes a number, so the graph, its table, the
 * queue view and the meters agree on "1.23k" and "0.52 s".
 *
 * format_si keeps three significant digits and moves the rest into an SI
 * prefix (k M G T P E upwards, m µ n p f a downwards); values from 0.1 to 1
 * keep their "0.xxx" form rather than becoming "100m" .. "999m", and whole
 * numbers below 1000 show no decimals. Both functions always NUL-terminate
 * buf (when size > 0), cutting what does not fit; 32 bytes plus the unit's
 * length is always enough.
 */
#ifndef LOCKSTEP_VIEW_UNITS_H
#define LOCKSTEP_VIEW_UNITS_H

#include <stddef.h>

/*
 * v with an SI prefix and unit (NULL or "" for none), a space between the
 * number and a unit: 0 -> "0", 999 -> "999", 1234 -> "1.23k", 56789 ->
 * "56.8k", 2.5e9 -> "2.50G", 0.5 -> "0.500", 0.00012 -> "120µ", -1234 ->
 * "-1.23k"; with "B/s", 1234567 -> "1.23 MB/s". NaN (a missing value) is
 * "-" with no unit; infinities are "inf" and "-inf".
 */
void format_si(double v, const char *unit, char *buf, size_t size);

/*
 * A duration in seconds: "0.52 s" below 10 s, "12.0 s" below a minute,
 * "3 min 05 s" below an hour, "1 h 02 min" beyond. NaN or a negative
 * duration (not something that can be measured) is "-".
 */
void format_seconds(double s, char *buf, size_t size);

#endif
