/* units: SI-prefixed numbers and durations for the views (see units.h). */
#include "units.h"

#include <math.h>
#include <stdio.h>

void format_si(double v, const char *unit, char *buf, size_t size)
{
	static const char *const up[] = { "", "k", "M", "G", "T", "P", "E" };
	static const char *const down[] = { "", "m", "µ", "n", "p", "f", "a" };
	const int nprefix = (int)(sizeof up / sizeof *up) - 1;

	if (!size)
		return;
	if (!unit)
		unit = "";
	const char *sep = *unit ? " " : "";
	if (isnan(v)) {
		snprintf(buf, size, "-");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, size, "%sinf%s%s", v < 0 ? "-" : "", sep, unit);
		return;
	}
	if (v == 0) { /* -0.0 too: a sign on nothing only confuses */
		snprintf(buf, size, "0%s%s", sep, unit);
		return;
	}
	const char *sign = v < 0 ? "-" : "";
	double a = fabs(v);
	/* The thresholds sit where rounding to three digits would carry
	 * into the next range: 999.7 is "1.00k", not "1000". */
	if (a >= 0.09995 && a < 0.9995) {
		snprintf(buf, size, "%s%.3f%s%s", sign, a, sep, unit);
		return;
	}
	double m = a;
	int e = 0;
	const char *prefix = "";
	if (a >= 0.9995) {
		while (m >= 999.5 && e < nprefix) {
			m /= 1000;
			e++;
		}
		prefix = up[e];
		if (e == 0 && m == floor(m)) {
			snprintf(buf, size, "%s%.0f%s%s", sign, m, sep, unit);
			return;
		}
	} else {
		while (m < 0.9995 && e < nprefix) {
			m *= 1000;
			e++;
		}
		prefix = down[e];
	}
	if (m >= 999.5 || m < 0.9995) { /* beyond the prefixes */
		snprintf(buf, size, "%s%.2e%s%s", sign, a, sep, unit);
		return;
	}
	int decimals = m < 9.995 ? 2 : m < 99.95 ? 1 : 0;
	snprintf(buf, size, "%s%.*f%s%s%s", sign, decimals, m, sep, prefix, unit);
}

void format_seconds(double s, char *buf, size_t size)
{
	if (!size)
		return;
	if (!(s >= 0)) {
		snprintf(buf, size, "-");
		return;
	}
	if (s < 9.995) {
		snprintf(buf, size, "%.2f s", s);
		return;
	}
	if (s < 59.95) {
		snprintf(buf, size, "%.1f s", s);
		return;
	}
	double whole = floor(s + 0.5);
	if (whole < 3600) {
		long t = (long)whole;
		snprintf(buf, size, "%ld min %02ld s", t / 60, t % 60);
		return;
	}
	double minutes = floor(s / 60 + 0.5);
	if (minutes > 1e15) { /* no one waits that long; keep the cast defined */
		snprintf(buf, size, "%.3g h", s / 3600);
		return;
	}
	long mins = (long)minutes;
	snprintf(buf, size, "%ld h %02ld min", mins / 60, mins % 60);
}
