int before() { return 0; }

class Ok {
	int field;
};

int broken(int x)
{
	return x + ;
}

int after() { return 1; }
