create type "Role" as enum ('USER', 'ADMIN', 'GUEST');
create table "Old" (id int);
insert into "Old" select generate_series(1, 7);
create table "User" (id int primary key, bio text, role "Role" not null default 'USER', roles "Role"[]);
insert into "User" values (1, 'a', 'USER', null), (2, null, 'GUEST', '{USER}'), (3, 'c', 'GUEST', null),
  (4, null, 'ADMIN', '{ADMIN,GUEST}'), (5, 'e', 'USER', '{}');
