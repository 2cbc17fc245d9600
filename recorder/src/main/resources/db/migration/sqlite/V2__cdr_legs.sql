-- A channel can have several Cdrs, all with its UniqueID (a transfer gives the transferred party a new one; so
-- does ForkCDR). A record is now identified by (server, uniqueid, leg): leg n is the channel's n-th different Cdr.
-- cdr_fingerprint tells a channel's Cdrs apart (a hash of the Cdr; empty for lifecycle-derived and reconciled
-- records, of which a channel has at most one), so the same Cdr heard again stays one row.
--
-- SQLite cannot change a primary key in place: the table is rebuilt. Existing rows become leg 1, except the
-- UniqueID#n rows of a channel's later Cdrs written by the version before legs: they get their UniqueID back and
-- leg n (fingerprint legacy#n, as a spooled record of that version is read, so a replay stays one row).
CREATE TABLE cdr_v2 (
    server              TEXT    NOT NULL,
    uniqueid            TEXT    NOT NULL,
    leg                 INTEGER NOT NULL DEFAULT 1,
    cdr_fingerprint     TEXT    NOT NULL DEFAULT '',
    linkedid            TEXT    NOT NULL,
    source              TEXT    NOT NULL,
    destination         TEXT    NOT NULL,
    caller_id           TEXT    NOT NULL,
    context             TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    destination_channel TEXT    NOT NULL,
    start_ms            BIGINT  NOT NULL,
    answer_ms           BIGINT,
    end_ms              BIGINT  NOT NULL,
    duration            BIGINT  NOT NULL,
    billable_seconds    BIGINT  NOT NULL,
    disposition         TEXT    NOT NULL,
    hangup_cause        TEXT    NOT NULL,
    account_code        TEXT    NOT NULL,
    user_field          TEXT    NOT NULL,
    recording_file      TEXT    NOT NULL,
    origin              TEXT    NOT NULL,
    PRIMARY KEY (server, uniqueid, leg),
    UNIQUE (server, uniqueid, cdr_fingerprint)
);

INSERT INTO cdr_v2 (server, uniqueid, leg, cdr_fingerprint, linkedid, source, destination, caller_id, context,
                    channel, destination_channel, start_ms, answer_ms, end_ms, duration, billable_seconds,
                    disposition, hangup_cause, account_code, user_field, recording_file, origin)
SELECT server,
       CASE WHEN legacy THEN substr(uniqueid, 1, hash_at - 1) ELSE uniqueid END,
       CASE WHEN legacy THEN CAST(substr(uniqueid, hash_at + 1) AS INTEGER) ELSE 1 END,
       CASE WHEN legacy THEN 'legacy#' || CAST(substr(uniqueid, hash_at + 1) AS INTEGER) ELSE '' END,
       linkedid, source, destination, caller_id, context, channel, destination_channel, start_ms, answer_ms,
       end_ms, duration, billable_seconds, disposition, hangup_cause, account_code, user_field, recording_file, origin
FROM (SELECT *,
             -- the last '#' (uniqueids have none of their own; a suffix is #n with n >= 2)
             length(rtrim(uniqueid, '0123456789')) AS hash_at,
             origin = 'CDR_EVENT'
                 AND length(uniqueid) - length(rtrim(uniqueid, '0123456789')) BETWEEN 1 AND 9
                 AND substr(rtrim(uniqueid, '0123456789'), -1) = '#'
                 AND length(rtrim(uniqueid, '0123456789')) > 1
                 AND CAST(substr(uniqueid, length(rtrim(uniqueid, '0123456789')) + 1) AS INTEGER) >= 2 AS legacy
      FROM cdr);

DROP TABLE cdr;
ALTER TABLE cdr_v2 RENAME TO cdr;
CREATE INDEX cdr_start ON cdr (start_ms);
CREATE INDEX cdr_account_start ON cdr (account_code, start_ms);
