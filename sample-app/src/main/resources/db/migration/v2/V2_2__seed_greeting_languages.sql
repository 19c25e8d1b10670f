UPDATE greeting SET language = 'en' WHERE id = 1;
INSERT INTO greeting (id, message, language) VALUES (2, 'Hallo von v2', 'de');
