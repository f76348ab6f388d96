/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LEDPULSE_H
#define LEDPULSE_H

int ledpulse_hw_init(void);
void ledpulse_hw_exit(void);
void ledpulse_set(bool on);

#endif
