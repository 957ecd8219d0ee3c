create table "Item" (id int primary key, name varchar(20), qty text, price numeric(10,2), n int, big bigint);
insert into "Item" values (1, 'short', '12', 1.25, 1, 1), (2, 'muchtoolong', ' 7 ', 2.50, 2, 5000000000),
  (3, 'exactly5', 'x9', 3.14, 3, 3), (4, null, null, null, null, null), (5, 'tiny', '-4', 9.99, 5, -3000000000);
