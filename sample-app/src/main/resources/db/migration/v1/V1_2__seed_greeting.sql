INSERT INTO greeting (id, message) VALUES (1, 'Hello from v1');
