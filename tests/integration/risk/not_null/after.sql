create table "Post" (id int primary key, title text not null, body text, slug text not null, views int not null default 0);
create table "Empty" (id int primary key, title text not null, slug text not null);
create table "Fresh" (id int primary key, slug text not null);
