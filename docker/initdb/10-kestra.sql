-- The kestra-temporal store lives beside Temporal's databases.
CREATE DATABASE kestra;
