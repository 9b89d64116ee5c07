/* The Russian date rules (dates_ru.c), which the driver (dates.c) tries at each token after the
 * English ones. Private to dates*.c. */
#ifndef SWAPTRACK_DATES_RU_H
#define SWAPTRACK_DATES_RU_H

#include "text/dates_base.h"

/* «23 мая 2025 года», «в пятницу», «в мае», «в 2022 году», «на прошлой неделе», «вчера»,
 * «три года назад», «в середине февраля», «в тот же день»: as the English rules, 1 and *f. */
int dates_ru_rule(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f);
/* Sets mon and wday of the Russian words of tk: months in lower case in the nominative,
 * genitive and prepositional («май», «мая», «мае») and abbreviated («июн»), weekdays in the
 * accusative, nominative and genitive. */
void dates_ru_classify(struct dtoks *tk);
/* Whether word i marks a future or announced clause («состоится», «будет», «пройдут»). */
int dates_ru_future(const struct dtoks *tk, size_t i);

#endif
