create table "Post" (id int primary key, title text, body text);
insert into "Post" values (1, 't', null), (2, null, null), (3, 't', 'b');
create table "Empty" (id int primary key, title text);
