create table "User" (id int primary key, name text);
insert into "User" values (1, 'a'), (2, 'b');
create table "Post" (id int primary key, "authorId" int, "orgId" int, price int, kind text, tags text[]);
insert into "Post" values
  (1, 1, 10, 5, 'A', '{A}'), (2, 2, 10, -1, 'B', '{A,B}'), (3, 3, 11, 0, 'x', '{x,A}'),
  (4, 4, 11, null, null, null), (5, null, 12, 7, 'A', '{}'), (6, 1, null, 9, 'zz', '{B}');
create table "Comment" (id int primary key, "postId" int, "userId" int);
insert into "Comment" values (1, 1, 1), (2, 1, 9), (3, 9, 9), (4, null, 9), (5, 2, null);
create table "Ok" (id int primary key, "userId" int, n int);
insert into "Ok" values (1, 1, 1), (2, null, 2), (3, 2, null);
