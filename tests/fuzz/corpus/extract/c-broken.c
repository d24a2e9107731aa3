int before(void) { return 0; }

struct ok {
	int field;
};

int broken(int x)
{
	return x + ;
	int = ;
}

int after(void) { return 1; }
