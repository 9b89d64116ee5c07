-- The six collections of the contract, their child tables, and the indexes behind every filter
-- and sort it names. The C field tables in models/ are the first line of validation; the checks
-- here are the second, so that no other writer (psql, a bug) can store what the API would refuse.
--
-- Every table: id, version, created_at, updated_at, deleted_at (soft delete). A partial date
-- field X is four columns: X (the text as given), X_first and X_last (the interval it denotes, so
-- overlap filters use plain indexes) and X_precision.

-- ISO 3166-1 alpha-2, the same list as models/countries.c (a test compares them).
CREATE TABLE countries (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    name text NOT NULL
);
INSERT INTO countries (code, name) VALUES
    ('AD', 'Andorra'),
    ('AE', 'United Arab Emirates'),
    ('AF', 'Afghanistan'),
    ('AG', 'Antigua and Barbuda'),
    ('AI', 'Anguilla'),
    ('AL', 'Albania'),
    ('AM', 'Armenia'),
    ('AO', 'Angola'),
    ('AQ', 'Antarctica'),
    ('AR', 'Argentina'),
    ('AS', 'American Samoa'),
    ('AT', 'Austria'),
    ('AU', 'Australia'),
    ('AW', 'Aruba'),
    ('AX', 'Åland Islands'),
    ('AZ', 'Azerbaijan'),
    ('BA', 'Bosnia and Herzegovina'),
    ('BB', 'Barbados'),
    ('BD', 'Bangladesh'),
    ('BE', 'Belgium'),
    ('BF', 'Burkina Faso'),
    ('BG', 'Bulgaria'),
    ('BH', 'Bahrain'),
    ('BI', 'Burundi'),
    ('BJ', 'Benin'),
    ('BL', 'Saint Barthélemy'),
    ('BM', 'Bermuda'),
    ('BN', 'Brunei Darussalam'),
    ('BO', 'Bolivia'),
    ('BQ', 'Bonaire, Sint Eustatius and Saba'),
    ('BR', 'Brazil'),
    ('BS', 'Bahamas'),
    ('BT', 'Bhutan'),
    ('BV', 'Bouvet Island'),
    ('BW', 'Botswana'),
    ('BY', 'Belarus'),
    ('BZ', 'Belize'),
    ('CA', 'Canada'),
    ('CC', 'Cocos (Keeling) Islands'),
    ('CD', 'Congo, Democratic Republic of the'),
    ('CF', 'Central African Republic'),
    ('CG', 'Congo'),
    ('CH', 'Switzerland'),
    ('CI', 'Côte d''Ivoire'),
    ('CK', 'Cook Islands'),
    ('CL', 'Chile'),
    ('CM', 'Cameroon'),
    ('CN', 'China'),
    ('CO', 'Colombia'),
    ('CR', 'Costa Rica'),
    ('CU', 'Cuba'),
    ('CV', 'Cabo Verde'),
    ('CW', 'Curaçao'),
    ('CX', 'Christmas Island'),
    ('CY', 'Cyprus'),
    ('CZ', 'Czechia'),
    ('DE', 'Germany'),
    ('DJ', 'Djibouti'),
    ('DK', 'Denmark'),
    ('DM', 'Dominica'),
    ('DO', 'Dominican Republic'),
    ('DZ', 'Algeria'),
    ('EC', 'Ecuador'),
    ('EE', 'Estonia'),
    ('EG', 'Egypt'),
    ('EH', 'Western Sahara'),
    ('ER', 'Eritrea'),
    ('ES', 'Spain'),
    ('ET', 'Ethiopia'),
    ('FI', 'Finland'),
    ('FJ', 'Fiji'),
    ('FK', 'Falkland Islands (Malvinas)'),
    ('FM', 'Micronesia'),
    ('FO', 'Faroe Islands'),
    ('FR', 'France'),
    ('GA', 'Gabon'),
    ('GB', 'United Kingdom'),
    ('GD', 'Grenada'),
    ('GE', 'Georgia'),
    ('GF', 'French Guiana'),
    ('GG', 'Guernsey'),
    ('GH', 'Ghana'),
    ('GI', 'Gibraltar'),
    ('GL', 'Greenland'),
    ('GM', 'Gambia'),
    ('GN', 'Guinea'),
    ('GP', 'Guadeloupe'),
    ('GQ', 'Equatorial Guinea'),
    ('GR', 'Greece'),
    ('GS', 'South Georgia and the South Sandwich Islands'),
    ('GT', 'Guatemala'),
    ('GU', 'Guam'),
    ('GW', 'Guinea-Bissau'),
    ('GY', 'Guyana'),
    ('HK', 'Hong Kong'),
    ('HM', 'Heard Island and McDonald Islands'),
    ('HN', 'Honduras'),
    ('HR', 'Croatia'),
    ('HT', 'Haiti'),
    ('HU', 'Hungary'),
    ('ID', 'Indonesia'),
    ('IE', 'Ireland'),
    ('IL', 'Israel'),
    ('IM', 'Isle of Man'),
    ('IN', 'India'),
    ('IO', 'British Indian Ocean Territory'),
    ('IQ', 'Iraq'),
    ('IR', 'Iran'),
    ('IS', 'Iceland'),
    ('IT', 'Italy'),
    ('JE', 'Jersey'),
    ('JM', 'Jamaica'),
    ('JO', 'Jordan'),
    ('JP', 'Japan'),
    ('KE', 'Kenya'),
    ('KG', 'Kyrgyzstan'),
    ('KH', 'Cambodia'),
    ('KI', 'Kiribati'),
    ('KM', 'Comoros'),
    ('KN', 'Saint Kitts and Nevis'),
    ('KP', 'Korea, Democratic People''s Republic of'),
    ('KR', 'Korea, Republic of'),
    ('KW', 'Kuwait'),
    ('KY', 'Cayman Islands'),
    ('KZ', 'Kazakhstan'),
    ('LA', 'Lao People''s Democratic Republic'),
    ('LB', 'Lebanon'),
    ('LC', 'Saint Lucia'),
    ('LI', 'Liechtenstein'),
    ('LK', 'Sri Lanka'),
    ('LR', 'Liberia'),
    ('LS', 'Lesotho'),
    ('LT', 'Lithuania'),
    ('LU', 'Luxembourg'),
    ('LV', 'Latvia'),
    ('LY', 'Libya'),
    ('MA', 'Morocco'),
    ('MC', 'Monaco'),
    ('MD', 'Moldova'),
    ('ME', 'Montenegro'),
    ('MF', 'Saint Martin (French part)'),
    ('MG', 'Madagascar'),
    ('MH', 'Marshall Islands'),
    ('MK', 'North Macedonia'),
    ('ML', 'Mali'),
    ('MM', 'Myanmar'),
    ('MN', 'Mongolia'),
    ('MO', 'Macao'),
    ('MP', 'Northern Mariana Islands'),
    ('MQ', 'Martinique'),
    ('MR', 'Mauritania'),
    ('MS', 'Montserrat'),
    ('MT', 'Malta'),
    ('MU', 'Mauritius'),
    ('MV', 'Maldives'),
    ('MW', 'Malawi'),
    ('MX', 'Mexico'),
    ('MY', 'Malaysia'),
    ('MZ', 'Mozambique'),
    ('NA', 'Namibia'),
    ('NC', 'New Caledonia'),
    ('NE', 'Niger'),
    ('NF', 'Norfolk Island'),
    ('NG', 'Nigeria'),
    ('NI', 'Nicaragua'),
    ('NL', 'Netherlands'),
    ('NO', 'Norway'),
    ('NP', 'Nepal'),
    ('NR', 'Nauru'),
    ('NU', 'Niue'),
    ('NZ', 'New Zealand'),
    ('OM', 'Oman'),
    ('PA', 'Panama'),
    ('PE', 'Peru'),
    ('PF', 'French Polynesia'),
    ('PG', 'Papua New Guinea'),
    ('PH', 'Philippines'),
    ('PK', 'Pakistan'),
    ('PL', 'Poland'),
    ('PM', 'Saint Pierre and Miquelon'),
    ('PN', 'Pitcairn'),
    ('PR', 'Puerto Rico'),
    ('PS', 'Palestine, State of'),
    ('PT', 'Portugal'),
    ('PW', 'Palau'),
    ('PY', 'Paraguay'),
    ('QA', 'Qatar'),
    ('RE', 'Réunion'),
    ('RO', 'Romania'),
    ('RS', 'Serbia'),
    ('RU', 'Russian Federation'),
    ('RW', 'Rwanda'),
    ('SA', 'Saudi Arabia'),
    ('SB', 'Solomon Islands'),
    ('SC', 'Seychelles'),
    ('SD', 'Sudan'),
    ('SE', 'Sweden'),
    ('SG', 'Singapore'),
    ('SH', 'Saint Helena, Ascension and Tristan da Cunha'),
    ('SI', 'Slovenia'),
    ('SJ', 'Svalbard and Jan Mayen'),
    ('SK', 'Slovakia'),
    ('SL', 'Sierra Leone'),
    ('SM', 'San Marino'),
    ('SN', 'Senegal'),
    ('SO', 'Somalia'),
    ('SR', 'Suriname'),
    ('SS', 'South Sudan'),
    ('ST', 'Sao Tome and Principe'),
    ('SV', 'El Salvador'),
    ('SX', 'Sint Maarten (Dutch part)'),
    ('SY', 'Syrian Arab Republic'),
    ('SZ', 'Eswatini'),
    ('TC', 'Turks and Caicos Islands'),
    ('TD', 'Chad'),
    ('TF', 'French Southern Territories'),
    ('TG', 'Togo'),
    ('TH', 'Thailand'),
    ('TJ', 'Tajikistan'),
    ('TK', 'Tokelau'),
    ('TL', 'Timor-Leste'),
    ('TM', 'Turkmenistan'),
    ('TN', 'Tunisia'),
    ('TO', 'Tonga'),
    ('TR', 'Türkiye'),
    ('TT', 'Trinidad and Tobago'),
    ('TV', 'Tuvalu'),
    ('TW', 'Taiwan'),
    ('TZ', 'Tanzania'),
    ('UA', 'Ukraine'),
    ('UG', 'Uganda'),
    ('UM', 'United States Minor Outlying Islands'),
    ('US', 'United States of America'),
    ('UY', 'Uruguay'),
    ('UZ', 'Uzbekistan'),
    ('VA', 'Holy See'),
    ('VC', 'Saint Vincent and the Grenadines'),
    ('VE', 'Venezuela'),
    ('VG', 'Virgin Islands (British)'),
    ('VI', 'Virgin Islands (U.S.)'),
    ('VN', 'Viet Nam'),
    ('VU', 'Vanuatu'),
    ('WF', 'Wallis and Futuna'),
    ('WS', 'Samoa'),
    ('YE', 'Yemen'),
    ('YT', 'Mayotte'),
    ('ZA', 'South Africa'),
    ('ZM', 'Zambia'),
    ('ZW', 'Zimbabwe');

-- True when every element of a country list is a known code (an empty list is fine). Used by
-- CHECK constraints: arrays cannot carry foreign keys.
CREATE FUNCTION countries_valid(codes text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT NOT EXISTS (
        SELECT 1 FROM unnest(codes) AS c
        WHERE c IS NULL OR NOT EXISTS (SELECT 1 FROM countries WHERE code = c))
$$;

CREATE TABLE sources (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,                        -- soft delete: hidden from reads, kept in history,
    url          text NOT NULL CHECK (url ~ '^https?://[^/?#[:space:]]'),
    title        text,
    outlet       text,
    author       text,
    published_on           text,               -- as given: YYYY, YYYY-MM or YYYY-MM-DD
    published_on_first     date,               -- the first day it denotes
    published_on_last      date,               -- the last day it denotes
    published_on_precision text CHECK (published_on_precision IN ('year', 'month', 'day')),
    CHECK ((published_on IS NULL) = (published_on_first IS NULL) AND (published_on IS NULL) = (published_on_last IS NULL)
           AND (published_on IS NULL) = (published_on_precision IS NULL) AND published_on_first <= published_on_last),
    language     text,
    content      text,
    archive_url  text CHECK (archive_url ~ '^https?://[^/?#[:space:]]'),
    notes        text
);
-- A URL names one live source; a deleted one frees it.
CREATE UNIQUE INDEX sources_url_key ON sources (url) WHERE deleted_at IS NULL;
CREATE INDEX sources_outlet ON sources (outlet, id) WHERE deleted_at IS NULL;
CREATE INDEX sources_language ON sources (language, id) WHERE deleted_at IS NULL;
CREATE INDEX sources_title ON sources (coalesce(title, ''), id) WHERE deleted_at IS NULL;
CREATE INDEX sources_published_on ON sources (coalesce(published_on_first, '-infinity'), id) WHERE deleted_at IS NULL;
CREATE INDEX sources_published_range ON sources (published_on_first, published_on_last) WHERE deleted_at IS NULL;

CREATE TABLE people (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,                        -- soft delete: hidden from reads, kept in history,
    name          text NOT NULL CHECK (name <> ''),
    name_native   text,
    aliases       text[] NOT NULL DEFAULT '{}',
    citizenships  text[] NOT NULL DEFAULT '{}' CHECK (countries_valid(citizenships)),
    born_on           text,               -- as given: YYYY, YYYY-MM or YYYY-MM-DD
    born_on_first     date,               -- the first day it denotes
    born_on_last      date,               -- the last day it denotes
    born_on_precision text CHECK (born_on_precision IN ('year', 'month', 'day')),
    CHECK ((born_on IS NULL) = (born_on_first IS NULL) AND (born_on IS NULL) = (born_on_last IS NULL)
           AND (born_on IS NULL) = (born_on_precision IS NULL) AND born_on_first <= born_on_last),
    gender        text,
    occupation    text,
    description   text,
    wikidata_id   text CHECK (wikidata_id ~ '^Q[1-9][0-9]*$')
);
CREATE INDEX people_name ON people (name, id) WHERE deleted_at IS NULL;
CREATE INDEX people_born_on ON people (coalesce(born_on_first, '-infinity'), id) WHERE deleted_at IS NULL;
CREATE INDEX people_citizenships ON people USING gin (citizenships) WHERE deleted_at IS NULL;
CREATE INDEX people_wikidata_id ON people (wikidata_id) WHERE deleted_at IS NULL;

CREATE TABLE detentions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,                        -- soft delete: hidden from reads, kept in history,
    person_id            bigint NOT NULL REFERENCES people (id),
    country              text NOT NULL REFERENCES countries (code),
    authority            text,
    detained_on           text,               -- as given: YYYY, YYYY-MM or YYYY-MM-DD
    detained_on_first     date,               -- the first day it denotes
    detained_on_last      date,               -- the last day it denotes
    detained_on_precision text CHECK (detained_on_precision IN ('year', 'month', 'day')),
    CHECK ((detained_on IS NULL) = (detained_on_first IS NULL) AND (detained_on IS NULL) = (detained_on_last IS NULL)
           AND (detained_on IS NULL) = (detained_on_precision IS NULL) AND detained_on_first <= detained_on_last),
    place                text,
    charges              text[] NOT NULL DEFAULT '{}',
    sentence             text,
    status               text NOT NULL CHECK (status IN ('held', 'released', 'exchanged', 'died', 'unknown')),
    released_on           text,               -- as given: YYYY, YYYY-MM or YYYY-MM-DD
    released_on_first     date,               -- the first day it denotes
    released_on_last      date,               -- the last day it denotes
    released_on_precision text CHECK (released_on_precision IN ('year', 'month', 'day')),
    CHECK ((released_on IS NULL) = (released_on_first IS NULL) AND (released_on IS NULL) = (released_on_last IS NULL)
           AND (released_on IS NULL) = (released_on_precision IS NULL) AND released_on_first <= released_on_last),
    wrongfully_detained  boolean,
    notes                text
);
CREATE INDEX detentions_person ON detentions (person_id, id) WHERE deleted_at IS NULL;
CREATE INDEX detentions_country_status ON detentions (country, status, id) WHERE deleted_at IS NULL;
CREATE INDEX detentions_status ON detentions (status, id) WHERE deleted_at IS NULL;
CREATE INDEX detentions_wrongfully ON detentions (wrongfully_detained, id) WHERE deleted_at IS NULL;
CREATE INDEX detentions_detained_on ON detentions (coalesce(detained_on_first, '-infinity'), id) WHERE deleted_at IS NULL;
CREATE INDEX detentions_detained_range ON detentions (detained_on_first, detained_on_last) WHERE deleted_at IS NULL;
CREATE INDEX detentions_released_on ON detentions (coalesce(released_on_first, '-infinity'), id) WHERE deleted_at IS NULL;

CREATE TABLE negotiations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,                        -- soft delete: hidden from reads, kept in history,
    title      text NOT NULL CHECK (title <> ''),
    status     text NOT NULL CHECK (status IN ('proposed', 'active', 'stalled', 'agreed', 'completed', 'collapsed')),
    parties    text[] NOT NULL DEFAULT '{}' CHECK (countries_valid(parties)),
    mediators  text[] NOT NULL DEFAULT '{}' CHECK (countries_valid(mediators)),
    started_on           text,               -- as given: YYYY, YYYY-MM or YYYY-MM-DD
    started_on_first     date,               -- the first day it denotes
    started_on_last      date,               -- the last day it denotes
    started_on_precision text CHECK (started_on_precision IN ('year', 'month', 'day')),
    CHECK ((started_on IS NULL) = (started_on_first IS NULL) AND (started_on IS NULL) = (started_on_last IS NULL)
           AND (started_on IS NULL) = (started_on_precision IS NULL) AND started_on_first <= started_on_last),
    ended_on           text,               -- as given: YYYY, YYYY-MM or YYYY-MM-DD
    ended_on_first     date,               -- the first day it denotes
    ended_on_last      date,               -- the last day it denotes
    ended_on_precision text CHECK (ended_on_precision IN ('year', 'month', 'day')),
    CHECK ((ended_on IS NULL) = (ended_on_first IS NULL) AND (ended_on IS NULL) = (ended_on_last IS NULL)
           AND (ended_on IS NULL) = (ended_on_precision IS NULL) AND ended_on_first <= ended_on_last),
    summary    text
);
CREATE INDEX negotiations_status ON negotiations (status, id) WHERE deleted_at IS NULL;
CREATE INDEX negotiations_parties ON negotiations USING gin (parties) WHERE deleted_at IS NULL;
CREATE INDEX negotiations_title ON negotiations (title, id) WHERE deleted_at IS NULL;
CREATE INDEX negotiations_started_on ON negotiations (coalesce(started_on_first, '-infinity'), id) WHERE deleted_at IS NULL;
CREATE INDEX negotiations_started_range ON negotiations (started_on_first, started_on_last) WHERE deleted_at IS NULL;
CREATE INDEX negotiations_ended_on ON negotiations (coalesce(ended_on_first, '-infinity'), id) WHERE deleted_at IS NULL;

-- A negotiation's participants, in the order given; replaced whole when the negotiation is.
CREATE TABLE negotiation_participants (
    negotiation_id  bigint  NOT NULL REFERENCES negotiations (id),
    position        integer NOT NULL,
    person_id       bigint  NOT NULL REFERENCES people (id),
    role            text,
    representing    text REFERENCES countries (code),
    PRIMARY KEY (negotiation_id, position)
);
CREATE INDEX negotiation_participants_person ON negotiation_participants (person_id);

CREATE TABLE swaps (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,                        -- soft delete: hidden from reads, kept in history,
    occurred_on           text NOT NULL,               -- as given: YYYY, YYYY-MM or YYYY-MM-DD
    occurred_on_first     date NOT NULL,               -- the first day it denotes
    occurred_on_last      date NOT NULL,               -- the last day it denotes
    occurred_on_precision text NOT NULL CHECK (occurred_on_precision IN ('year', 'month', 'day')),
    CHECK ((occurred_on IS NULL) = (occurred_on_first IS NULL) AND (occurred_on IS NULL) = (occurred_on_last IS NULL)
           AND (occurred_on IS NULL) = (occurred_on_precision IS NULL) AND occurred_on_first <= occurred_on_last),
    place           text,
    mediators       text[] NOT NULL DEFAULT '{}' CHECK (countries_valid(mediators)),
    negotiation_id  bigint REFERENCES negotiations (id),
    summary         text
);
CREATE INDEX swaps_occurred_on ON swaps (occurred_on_first, id) WHERE deleted_at IS NULL;
CREATE INDEX swaps_occurred_range ON swaps (occurred_on_first, occurred_on_last) WHERE deleted_at IS NULL;
CREATE INDEX swaps_negotiation ON swaps (negotiation_id, id) WHERE deleted_at IS NULL;

-- Who a swap released, by whom and to whom, in the order given.
CREATE TABLE swap_releases (
    swap_id       bigint  NOT NULL REFERENCES swaps (id),
    position      integer NOT NULL,
    person_id     bigint  NOT NULL REFERENCES people (id),
    detention_id  bigint REFERENCES detentions (id),
    released_by   text NOT NULL REFERENCES countries (code),
    released_to   text REFERENCES countries (code),
    PRIMARY KEY (swap_id, position),
    UNIQUE (swap_id, person_id)
);
CREATE INDEX swap_releases_person ON swap_releases (person_id);
CREATE INDEX swap_releases_detention ON swap_releases (detention_id);
CREATE INDEX swap_releases_released_by ON swap_releases (released_by);
CREATE INDEX swap_releases_released_to ON swap_releases (released_to);

CREATE TABLE citations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,                        -- soft delete: hidden from reads, kept in history,
    source_id      bigint NOT NULL REFERENCES sources (id),
    subject_type   text   NOT NULL CHECK (subject_type IN ('person', 'detention', 'negotiation', 'swap')),
    subject_id     bigint NOT NULL CHECK (subject_id > 0),
    field          text,
    quote          text,
    attributed_to  text,
    confidence     text   NOT NULL DEFAULT 'reported'
                   CHECK (confidence IN ('confirmed', 'reported', 'claimed', 'disputed'))
);
-- Reading a record embeds its citations: this index makes that one lookup.
CREATE INDEX citations_subject ON citations (subject_type, subject_id, id) WHERE deleted_at IS NULL;
CREATE INDEX citations_source ON citations (source_id, id) WHERE deleted_at IS NULL;
CREATE INDEX citations_subject_id ON citations (subject_id, id) WHERE deleted_at IS NULL;

-- History is read per record, oldest first.
CREATE INDEX history_record ON history (collection, record_id, version);
