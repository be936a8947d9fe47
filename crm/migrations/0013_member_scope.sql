-- A stolen till gives away little (issue 16, docs/decisions/0046): the member stream sends a till only its own
-- store's members (home store, or bought there recently), within a cap, with no full card number.
ALTER TABLE members ADD COLUMN home_store_id text REFERENCES stores (id);
-- Members from before: the store of their first purchase, if any (others reach tills through online lookups).
UPDATE members m SET home_store_id = (
  SELECT s.store_id FROM sales s JOIN stores st ON st.id = s.store_id
   WHERE s.member_id = m.id ORDER BY s.created_at, s.id LIMIT 1)
 WHERE home_store_id IS NULL;
CREATE INDEX members_home_store ON members (home_store_id);
CREATE INDEX sales_member_store ON sales (member_id, store_id, created_at) WHERE member_id IS NOT NULL;
-- The member stream's rows so far carried every member with a full card number to every store: gone. The CRM
-- republishes each store's members at start (refreshMemberScope).
DELETE FROM change_log WHERE stream = 'members';
-- Every members cursor handed out before now is stale: its till starts over from a fresh snapshot, which
-- replaces its old cache generation.
INSERT INTO change_log_horizon (stream, xid, id)
  SELECT 'members', pg_current_xact_id(), coalesce(max(id), 0) FROM change_log
  ON CONFLICT (stream) DO UPDATE SET xid = EXCLUDED.xid, id = EXCLUDED.id;
