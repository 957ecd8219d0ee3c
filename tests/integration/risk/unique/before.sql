create table "User" (id int primary key, email text, x int, y int);
insert into "User" values (1, 'a', 1, 1), (2, 'a', 1, 1), (3, 'b', 1, 2), (4, 'b', 2, 2), (5, 'b', 3, 3),
  (6, 'c', 3, null), (7, null, 3, null), (8, null, 4, 4);
create table "Tag" (name text, n int);
insert into "Tag" values ('x', 1), ('x', 2), ('y', 3), (null, 4);
create table "Clean" (id int primary key, code text);
insert into "Clean" values (1, 'p'), (2, 'q'), (3, null), (4, null);
create table "Code" (id int primary key, code text, n int);
insert into "Code" values (1, 'a', 1), (2, 'a', 1), (3, 'a', 2), (4, 'b', 2), (5, null, 3), (6, null, 3);
