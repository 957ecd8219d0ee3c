create table "Item" (id int primary key, name varchar(5), qty integer, price numeric(10,1), n bigint, big integer);
