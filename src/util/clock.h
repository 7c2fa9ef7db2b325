/*
 * clock: monotonic time, the only clock the shell measures with (wall time
 * jumps; a demo's 2.5 s must not read as an hour because NTP stepped).
 */
#ifndef LOCKSTEP_CLOCK_H
#define LOCKSTEP_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t clock_now_ns(void);
/* The same clock in microseconds: the unit of the probe's event lines. */
uint64_t clock_now_us(void);
/* Sleep for ms milliseconds, resuming after signals. */
void clock_sleep_ms(long ms);

#endif
