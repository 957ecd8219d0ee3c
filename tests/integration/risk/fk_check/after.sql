create table "User" (id int primary key, name text);
create table "Org" (id int primary key);
create type "Kind" as enum ('A', 'B');
create table "Post" (id int primary key, "authorId" int, "orgId" int, price int, kind "Kind", tags "Kind"[],
  constraint "Post_price_check" check (price > 0),
  constraint "Post_authorId_fkey" foreign key ("authorId") references "User"(id),
  constraint "Post_orgId_fkey" foreign key ("orgId") references "Org"(id));
create table "Comment" (id int primary key, "postId" int, "userId" int,
  constraint "Comment_postId_userId_fkey" foreign key ("postId", "userId") references "Post"(id, "authorId"));
create unique index "Post_id_authorId_key" on "Post" (id, "authorId");
create table "Ok" (id int primary key, "userId" int, n int,
  constraint "Ok_userId_fkey" foreign key ("userId") references "User"(id),
  constraint "Ok_n_check" check (n > 0));
