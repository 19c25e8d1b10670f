-- Expand only: a nullable column, so that release 1, which never names it, keeps working.
ALTER TABLE greeting ADD language VARCHAR(35);
