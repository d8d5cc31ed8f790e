-- Release 2, a fresh install.
create table customers (
  id bigint primary key,
  name varchar(100) not null,
  legacy varchar(10) null,
  phone varchar(32) null
);
create index customers_name_idx on customers (name);
create table notes (
  id bigint primary key,
  body varchar(200) not null default ''
);
