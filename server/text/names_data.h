/* The word lists of names.c, lower case (ASCII and Cyrillic), included once by names_words.c.
 * Each list is one class of word that no name is made of; a word is looked up whole, except the
 * Russian stems below, which match a word's start (Russian words carry case endings). */
#ifndef SWAPTRACK_NAMES_DATA_H
#define SWAPTRACK_NAMES_DATA_H

/* Word lists packed by hand, many to a line: clang-format would put each on its own. */
/* clang-format off */

/* Titles, forms of address and words of office: peeled off a name into its role. "Mr Whelan",
 * "Defense Secretary Chuck Hagel", "Lt. Col.", "His Highness Sheikh". */
static const char *const title_words[] = {
	"president", "presidents", "vice", "prime", "minister", "ministers", "secretary", "deputy",
	"foreign", "defense", "defence", "interior", "justice", "finance", "envoy", "special",
	"ambassador", "senator", "sen.", "sen", "rep.", "rep", "representative", "congressman",
	"congresswoman", "gov.", "governor", "mayor", "chancellor", "queen", "prince", "princess",
	"crown", "emir", "sheikh", "sheik", "shaikh", "highness", "excellency", "majesty",
	"sultan", "cardinal", "archbishop", "rabbi", "imam", "mullah", "ayatollah", "rev.",
	"reverend", "father", "pastor", "haji", "hajji", "sir", "dame", "lord", "lady", "mr",
	"mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof.", "professor", "lawyer",
	"attorney", "general", "gen.", "lt.", "lt", "col.", "colonel", "lieutenant", "maj.",
	"capt.", "captain", "sgt.", "sergeant", "cpl.", "corporal", "pvt.", "adm.", "admiral",
	"cmdr.", "commander", "brig.", "brigadier", "officer", "marine", "soldier", "reservist",
	"staff", "spokeswoman", "spokesman", "spokesperson", "director", "chief", "head",
	"chairman", "chairwoman", "speaker", "leader", "former", "ombudsman", "ombudswoman",
	"commissioner", "adviser", "advisor", "negotiator", "mediator", "coordinator",
	"correspondent", "reporter", "journalist", "editor", "activist", "dissident", "democrat",
	"republican", "ally", "aide", "hostage", "captive", "detainee", "businessman",
	"businesswoman", "opposition", "acting", "interim", "national", "security", "intelligence",
	"state", "chief-of-staff", "anchor", "blogger", "lt.-gen.", "maj.-gen.", "premier",
	"monarch", "senior", "top", "ex", "late", "judge", "ceo", "founder", "physician", "doctor",
	"nurse", "officials",
	/* kin, before a name given alone: "her husband, Pete" */
	"husband", "wife", "son", "sons", "daughter", "daughters", "brother", "sister", "mother",
	"uncle", "aunt", "cousin", "grandson", "granddaughter", "grandfather", "grandmother",
	"nephew", "niece", "fiancé", "fiancee", "widow",
	/* Russian */
	"г-н", "г-жа", "господин", "госпожа", "вице",
};

/* Words of an organisation, outlet, event or a place's kind, that end its name ("Coordination
 * Headquarters", "Snake Island", "Islamic Jihad"): a run of capitalised words is no person up to
 * and including one; a name may follow ("Hamas Spokesman Basem Naim"). */
static const char *const org_words[] = {
	"house", "street", "journal", "radio", "europe", "liberty", "department", "ministry",
	"fund", "office", "times", "post", "court", "kremlin", "agency", "embassy", "consulate",
	"council", "union", "nations", "airport", "war", "wars", "party", "army", "navy", "bank",
	"committee", "service", "services", "news", "press", "media", "university", "church",
	"company", "group", "foundation", "institute", "center", "centre", "congress", "senate",
	"parliament", "duma", "guard", "guards", "police", "reuters", "axios", "wire", "tass",
	"interfax", "viasna", "cross", "crescent", "square", "palace", "hotel", "prison", "colony",
	"jail", "station", "mission", "league", "association", "organization", "organisation",
	"commission", "tribunal", "cabinet", "administration", "government", "wealth", "sovereign",
	"swap", "prisoner", "prisoners", "discussed", "headquarters", "forces", "force", "affairs",
	"emirate", "emirates", "jihad", "brigades", "brigade", "battalion", "regiment", "division",
	"corps", "society", "crisis", "forum", "front", "movement", "hospital", "clinic",
	"medicine", "images", "photos", "reporters", "channels", "channel", "desk", "bureau",
	"network", "social", "telegram", "whatsapp", "facebook", "twitter", "instagram", "youtube",
	"tiktok", "island", "islands", "sea", "ocean", "strip", "oblast", "region", "province",
	"district", "county", "valley", "river", "mountains", "heights", "desert", "peninsula",
	"east", "base", "field", "airbase", "crossing", "border", "checkpoint", "capitol",
	"avenue", "bridge", "tower", "building", "hall", "stadium", "academy", "school", "college",
	"club", "herald", "tribune", "gazette", "daily", "magazine", "telegraph", "guardian",
	"monitor", "watch", "amnesty", "international", "trust", "initiative", "campaign",
	"coalition", "alliance", "federation", "republic", "kingdom", "states", "authority",
	"authorities", "board", "unit", "command", "operation", "accords", "accord", "agreement",
	"treaty", "talks", "summit", "conference", "day", "prize", "award", "act", "law",
	"protocol", "declaration", "shin", "mossad", "jazeera", "manar", "hamas", "hezbollah",
	"taliban", "houthis", "houthi", "wagner", "qassam", "quds", "fatah", "likud", "knesset",
	"pentagon", "berets", "families", "festival", "memorial", "museum", "returns", "frees",
	"confirms", "release", "releases", "exchange", "deal", "ceasefire", "hostages", "live",
	"updates", "corporation", "airlines", "airways", "television", "broadcasting", "agencies",
	"times", "observer", "mirror", "express", "independent", "chronicle", "review", "sun",
	"star", "world", "global", "weekly", "ministries", "armed", "territorial", "revolutionary",
	"islamic", "popular", "democratic", "liberation", "resistance", "coordination", "reserve",
	"fleet",
	/* Russian, whole words */
	"рада", "рады", "раде", "раду", "радой", "дом", "дома", "доме", "дому", "домом", "сил",
	"силы", "силам", "силами", "силах", "день", "дня", "дню", "днем", "днём", "мид", "мир",
};

/* Places (and a place's first word: "Kibbutz Nir Oz", "Tel Aviv", "Khan Younis") and the words
 * a place's name starts with. A run's words from one of the first kind on are no person, those of
 * the second are peeled off its ends. */
static const char *const place_start_words[] = {
	"kibbutz", "moshav", "kiryat", "kfar", "nahal", "kerem", "petah", "tel", "rosh", "beit",
	"beth", "ein", "givat", "ramat", "san", "santa", "são", "sao", "los", "las", "fort",
	"mount", "mt.", "lake", "cape", "camp", "joint", "gulf", "hostages", "sharm",
};
static const char *const place_words[] = {
	"moscow", "washington", "ankara", "berlin", "kazan", "minsk", "vilnius", "doha", "tehran",
	"dhabi", "angeles", "yekaterinburg", "california", "miami", "london", "paris", "kyiv",
	"kiev", "beijing", "istanbul", "warsaw", "riga", "tallinn", "geneva", "vienna", "brussels",
	"new", "york", "petersburg", "st.", "saint", "siberia", "crimea", "donbas", "tbilisi",
	"baku", "yerevan", "oslo", "stockholm", "helsinki", "dubai", "riyadh", "cairo",
	"jerusalem", "gaza", "kabul", "caracas", "havana", "aviv", "younis", "yunis", "tikva",
	"rafah", "beirut", "nahariya", "haifa", "ramallah", "hebron", "jenin", "nablus", "kharkiv",
	"odesa", "odessa", "kherson", "donetsk", "luhansk", "zaporizhzhia", "mariupol", "bakhmut",
	"belgorod", "kursk", "chernihiv", "sumy", "lviv", "dnipro", "texas", "florida", "virginia",
	"pennsylvania", "michigan", "ohio", "arizona", "maryland", "oregon", "carolina",
	"massachusetts", "jersey", "illinois", "colorado", "kentucky", "tennessee", "georgia",
	"alabama", "connecticut", "antonio", "andrews", "west", "middle", "far", "north", "south",
	"northern", "southern", "eastern", "western", "central", "black", "red", "persian",
	"arabian", "baltic", "caspian", "abu", "kuwait", "manama", "muscat", "amman", "damascus",
	"baghdad", "islamabad", "delhi", "mumbai", "tokyo", "seoul", "pyongyang", "taipei", "hong",
	"kong", "singapore", "bangkok", "sderot", "ashkelon", "ashdod", "eilat", "ofer", "ketziot",
	"negev", "golan", "sinai", "hanikra", "balah", "deir", "yemen", "sanaa", "mosul", "aleppo",
	"idlib", "homs",
	/* Russian, whole words (cities in the nominative and common cases) */
	"москва", "москвы", "москве", "москву", "киев", "киева", "киеве", "минск", "минска",
	"минске", "стамбул", "стамбуле", "стамбула", "херсон", "херсона", "херсоне", "вильнюс",
	"вильнюсе", "абу-даби", "доха", "дохе", "газа", "газы", "газе", "сектор", "сектора",
	"секторе",
};

/* Words that start sentences, join clauses or count: never a name's first or last word. */
static const char *const function_words[] = {
	"the", "a", "an", "his", "her", "their", "its", "in", "on", "at", "as", "but", "and",
	"since", "after", "before", "among", "according", "when", "while", "if", "this", "that",
	"these", "those", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "dear", "today", "yesterday", "rights", "some", "many", "all", "both", "other",
	"another", "not", "no", "we", "our", "they", "he", "she", "it", "i", "you", "by", "of",
	"for", "with", "from", "to", "also", "then", "there", "here", "why", "what", "who", "how",
	"once", "never", "now", "so", "yet", "still", "even", "only", "just", "support", "sign",
	"read", "subscribers", "until", "during", "despite", "although", "though", "under", "over",
	"about", "around", "without", "within", "through", "instead", "because", "meanwhile",
	"however", "earlier", "later", "last", "next", "every", "each", "several", "neither",
	"either", "like", "unlike", "asked", "speaking", "following", "upon", "amid", "against",
	"between", "toward", "towards", "into", "onto", "across", "behind", "beyond", "near",
	"outside", "inside", "whether", "where", "which", "whose", "whom", "my", "me", "us",
	"them", "him", "your", "mr", "thanks", "thank", "please", "yes", "dozens", "hundreds",
	"thousands", "most", "more", "few", "any", "such", "following", "key", "points", "watch",
	"listen", "breaking", "exclusive", "analysis", "opinion", "update", "photo", "video",
	"first", "second", "third", "final", "new", "latest", "live", "freed", "released",
	"israeli", "palestinian",
	/* Russian */
	"в", "во", "на", "по", "с", "со", "к", "ко", "о", "об", "у", "из", "за", "для", "от", "до",
	"при", "как", "но", "а", "и", "или", "что", "это", "этот", "эта", "эти", "после", "перед",
	"среди", "также", "тогда", "ранее", "сегодня", "вчера", "завтра", "вечером", "утром",
	"днем", "днём", "ночью", "позже", "затем", "потом", "однако", "кроме", "между", "вместе",
	"он", "она", "они", "мы", "я", "его", "ее", "её", "их", "все", "всё", "там", "здесь",
	"еще", "ещё", "уже", "так", "когда", "если", "где", "теперь", "сейчас", "по-прежнему",
	"именно", "лишь", "только", "даже", "сам", "сама", "сами", "сразу", "впрочем", "напомним",
	"кстати", "фото", "видео", "читайте", "реклама", "освобождены", "освобождена",
	"освобожден", "вернулись", "вернулся", "вернулась", "среди", "спасибо", "честно",
};

/* Month and weekday names and their abbreviations. */
static const char *const calendar_words[] = {
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan.", "feb.", "mar.", "apr.", "aug.", "sept.", "sep.",
	"oct.", "nov.", "dec.", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота",
	"воскресенье",
};

/* Particles inside a name, written in lower case between its words ("Mohammed bin Salman",
 * "Chris van Heerden"), and the prefixes of a hyphenated Arabic surname ("al-Ansari",
 * "el-Sisi"), which make a word in lower case one of a name's. */
static const char *const particles[] = {
	"bin", "ibn", "bint", "van", "von", "de", "der", "den", "del", "della", "da", "di", "du",
	"dos", "das", "le", "la", "ter", "ten", "al", "el", "ben", "abu", "ould", "y",
};
static const char *const hyphen_prefixes[] = {
	"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "bin", "abu", "ibn",
};

/* Words that end a credit line's label: after "Photo:" the rest of the paragraph credits. */
static const char *const credit_words[] = {
	"photo", "photos", "photograph", "credit", "credits", "picture", "image", "source", "фото",
	"источник",
};

/* Russian stems of organisations and titles, matched at a word's start (any case ending). */
static const char *const ru_org_stems[] = {
	"министерств", "минобороны", "штаб", "коордштаб", "офис", "крест", "красн", "госдум",
	"дума", "думы", "думе", "кремл", "хамас", "хезболл", "талиб", "служб", "пресс-служб",
	"агентств", "комитет", "совет", "суд", "посольств", "парти", "фонд", "центр", "радио",
	"верховн", "организац", "правительств", "администрац", "генштаб", "вооруж", "арми", "флот",
	"гварди", "нацгварди", "погранслужб", "госпогранслужб", "союз", "независимост", "побед",
	"площад", "улиц", "аэропорт", "област", "республик", "федераци", "университет", "институт",
	"компани", "корпораци", "банк", "газет", "журнал", "телеканал", "интерфакс", "коммерсант",
	"медуза", "новост", "известия", "ведомост", "движени", "бригад", "полиц", "прокуратур",
	"посольств", "белый", "белого", "белом", "международн", "объединенн", "объединённ",
	"арабск", "палестинск", "исламск", "национальн", "государств", "операци", "министерств",
	"аппарат", "секретариат", "департамент", "управлени", "ведомств", "международ", "политик",
	"мир", "специальн",
};
static const char *const ru_title_stems[] = {
	"президент", "премьер", "министр", "глава", "главы", "главе", "главой", "генерал",
	"полковник", "майор", "капитан", "сержант", "пресс-секретар", "секретар", "омбудсмен",
	"уполномоченн", "посланник", "посол", "посла", "послу", "послом", "спикер", "депутат",
	"сенатор", "мэр", "губернатор", "директор", "председател", "помощник", "советник",
	"представител", "лидер", "руководител", "король", "корол", "принц", "шейх", "эмир",
	"господин", "госпож", "журналист", "оппозиционер", "блогер", "активист", "правозащитник",
	"бизнесмен", "военнослужащ", "генсек", "замминистр", "канцлер", "патриарх", "наследн",
	"кронпринц", "бывш", "экс-", "редактор", "корреспондент", "военн", "гражданин", "гражданк",
};

/* Russian given names in the nominative (names_ru.c tells their case and gender from them).
 * Masculine ones end in a consonant or -й; feminine ones in -а or -я. */
static const char *const ru_given_names[] = {
	"владимир", "сергей", "дмитрий", "александр", "алексей", "евгений", "михаил", "николай",
	"андрей", "игорь", "иван", "юрий", "павел", "пётр", "петр", "кирилл", "илья", "вадим",
	"борис", "олег", "виктор", "максим", "антон", "денис", "роман", "артём", "артем", "марк",
	"рустем", "рустам", "григорий", "василий", "константин", "леонид", "анатолий", "валерий",
	"геннадий", "станислав", "ярослав", "владислав", "вячеслав", "эван", "пол", "кит", "райан",
	"уильям", "дональд", "джо", "джордж", "майкл", "джон", "марко", "стив", "стивен", "мэтью",
	"хан", "башир", "махмуд", "мохаммад", "мухаммед", "биньямин", "беньямин", "дорон", "эли",
	"ицхак", "ехуд", "эхуд", "кирилл", "тимур", "руслан", "фёдор", "федор", "степан", "глеб",
	"лев", "арсений", "даниил", "данила", "никита", "егор", "ринат", "айдар", "анна", "мария",
	"елена", "ольга", "наталья", "наталия", "татьяна", "светлана", "ирина", "екатерина",
	"юлия", "ксения", "алсу", "людмила", "галина", "надежда", "марина", "дарья", "алла",
	"нина", "лидия", "вера", "любовь", "евгения", "александра", "карина", "эмили", "роми",
	"агам", "лири", "наама", "даниэлла", "арбель", "бриттни", "элизабет", "виктория", "софья",
	"софия", "полина", "валентина", "маргарита", "елизавета", "алина", "вероника",
};

/* clang-format on */

#endif
