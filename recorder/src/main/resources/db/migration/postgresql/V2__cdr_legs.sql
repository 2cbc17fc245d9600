-- A channel can have several Cdrs, all with its UniqueID (a transfer gives the transferred party a new one; so
-- does ForkCDR). A record is now identified by (server, uniqueid, leg): leg n is the channel's n-th different Cdr.
-- cdr_fingerprint tells a channel's Cdrs apart (a hash of the Cdr; empty for lifecycle-derived and reconciled
-- records, of which a channel has at most one), so the same Cdr heard again stays one row.
--
-- Existing rows become leg 1, except the UniqueID#n rows of a channel's later Cdrs written by the version before
-- legs: they get their UniqueID back and leg n (fingerprint legacy#n, as a spooled record of that version is
-- read, so a replay stays one row).
ALTER TABLE cdr ADD COLUMN leg INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cdr ADD COLUMN cdr_fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE cdr DROP CONSTRAINT cdr_pkey;

UPDATE cdr
SET leg = CAST(substring(uniqueid FROM '#([0-9]{1,9})$') AS INTEGER),
    cdr_fingerprint = 'legacy#' || CAST(CAST(substring(uniqueid FROM '#([0-9]{1,9})$') AS INTEGER) AS TEXT),
    uniqueid = substring(uniqueid FROM '^(.+)#[0-9]{1,9}$')
WHERE origin = 'CDR_EVENT'
  AND uniqueid ~ '^.+#[0-9]{1,9}$'
  AND CAST(substring(uniqueid FROM '#([0-9]{1,9})$') AS INTEGER) >= 2;

ALTER TABLE cdr ADD PRIMARY KEY (server, uniqueid, leg);
ALTER TABLE cdr ADD CONSTRAINT cdr_fingerprint_unique UNIQUE (server, uniqueid, cdr_fingerprint);
