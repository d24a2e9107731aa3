; placeholder: the query for cpp is being written
