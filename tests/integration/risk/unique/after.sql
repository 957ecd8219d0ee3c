create table "User" (id int primary key, email text, x int, y int);
create unique index "User_email_key" on "User" (email);
create unique index "User_x_y_key" on "User" (x, y);
create table "Tag" (name text not null, n int, constraint "Tag_pkey" primary key (name));
create table "Clean" (id int primary key, code text);
create unique index "Clean_code_key" on "Clean" (code);
create table "Code" (id int primary key, code text, n int, constraint "Code_code_key" unique (code),
  constraint "Code_n_key" unique (n));
