create type "Role" as enum ('USER', 'ADMIN');
create table "User" (id int primary key, role "Role" not null default 'USER', roles "Role"[]);
