-- The address a delivery goes to when it is not the recipient's configured one: the MSSanté address
-- of the destination named by a transition plan.
ALTER TABLE deliveries ADD COLUMN address TEXT NULL;
