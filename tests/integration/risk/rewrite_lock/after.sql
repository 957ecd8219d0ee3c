create table "User" (id int primary key, name varchar(40), token uuid not null default gen_random_uuid(), active boolean not null default true);
create table "Post" (id int primary key, "userId" int, title text,
  constraint "Post_userId_fkey" foreign key ("userId") references "User" (id) on delete restrict on update cascade);
create index "Post_title_idx" on "Post" (title);
