create table "User" (id int primary key, name varchar(10));
insert into "User" select g, 'u' || g from generate_series(1, 4) g;
create table "Post" (id int primary key, "userId" int, title text);
insert into "Post" select g, 1 + g % 4, 't' from generate_series(1, 6) g;
